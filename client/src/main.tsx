import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The design tokens first: every other stylesheet uses their variables.
import './styles/tokens.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
