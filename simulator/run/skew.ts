/** A design's skew as the key samplers take it (namespaces' keys, limiters' clients). */
import type { Design } from '../model';
import type { KeySkew } from '../traffic';

export function toSkew(spec: Design['namespaces'][number]['skew']): KeySkew {
  switch (spec.dist) {
    case 'zipf': return { kind: 'zipf', alpha: spec.alpha };
    case 'uniform': return { kind: 'uniform' };
    case 'gaussian': return { kind: 'gaussian', stddevFraction: Number.parseFloat(spec.stddev) / 100 };
    case 'hotspot': return { kind: 'hotspot', hotKeysFraction: Number.parseFloat(spec.hotKeys) / 100, hotRequestsFraction: Number.parseFloat(spec.hotRequests) / 100 };
  }
}
