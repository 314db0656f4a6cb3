import { SearchX } from 'lucide-react';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <main className="app-empty">
      <SearchX size={32} aria-hidden />
      <h1>Page not found</h1>
      <p>Nothing lives at this address.</p>
      <Link to="/flows" className="app-button app-button-primary">
        Go to the flows
      </Link>
    </main>
  );
}
