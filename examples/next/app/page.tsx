import { CoffeeVideo } from './coffee-video';

// Rendered on the server at build time: no decision there, so the gate renders its placeholder, as the
// browser's first render does, and hydration matches.
export default function Home() {
  return (
    <main>
      <h1>Fjordkaffe</h1>
      <CoffeeVideo />
    </main>
  );
}
