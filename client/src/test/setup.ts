import '@testing-library/jest-dom/jest-globals';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks TextEncoder/TextDecoder, which react-router needs as soon as it is imported.
Object.assign(globalThis, { TextEncoder, TextDecoder });
