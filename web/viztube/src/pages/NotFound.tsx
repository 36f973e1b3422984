import { Link } from 'react-router';

export function NotFound() {
  return (
    <div className="mt-16 flex flex-col items-center gap-3 text-center">
      <h1 className="text-2xl font-bold">This page does not exist</h1>
      <Link to="/" className="font-medium text-blue-700 underline dark:text-blue-400">
        Back to the videos
      </Link>
    </div>
  );
}
