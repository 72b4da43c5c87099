import { useEffect } from 'react';
import { Link, useLocation } from './router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = 'Page not found · Orquesta';
  }, []);
  return (
    <div className="not-found" data-testid="not-found">
      <p className="not-found__code">404</p>
      <h1 className="page__title">This page does not exist</h1>
      <p className="muted">
        Nothing lives at <code>{pathname}</code>. Check the address, or go back to the <Link to="/">overview</Link>.
      </p>
    </div>
  );
}
