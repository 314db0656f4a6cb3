/** The drag-and-drop type a palette entry carries; the canvas accepts only this. */
export const PALETTE_MIME = 'application/x-parley-node-type';
