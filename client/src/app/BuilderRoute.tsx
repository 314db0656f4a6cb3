import { useParams } from 'react-router';
import { BuilderPage } from '../builder/BuilderPage';
import { NotFoundPage } from './NotFoundPage';

/** `/flows/:id`: the builder for that flow; a new id remounts it, so no state leaks between flows. */
export function BuilderRoute() {
  const { id } = useParams();
  if (id === undefined) return <NotFoundPage />;
  return <BuilderPage key={id} flowId={id} />;
}
