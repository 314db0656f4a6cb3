import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app/AppRoutes';
import './app/app.css';

export function App() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
