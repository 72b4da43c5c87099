import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app.shell';
import './styles/app.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain #root');

createRoot(container).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
