import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/app.shell';
import { createSessionStore } from './auth/session.store';
import './styles/app.css';
// Applies the theme to <html> before the first render.
import './app/theme.store';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain #root');

// One store for the page's lifetime; it asks the gateway at once whether a session is still open.
const session = createSessionStore();
void session.restore();

createRoot(container).render(
  <StrictMode>
    <AppShell session={session} />
  </StrictMode>,
);
