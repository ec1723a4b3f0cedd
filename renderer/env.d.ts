/// <reference types="vite/client" />
import type { WorkbenchApi } from '../electron/common';

declare global {
  interface Window {
    /** Present in the desktop app (the preload bridge); absent in browser mode. */
    workbench?: WorkbenchApi;
  }
}
