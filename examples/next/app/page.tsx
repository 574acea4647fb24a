import { ConsentGate } from 'samtykke/react';
import { CoffeeVideo } from './coffee-video';

// A server component, rendered at build time: no decision there, so each gate renders its fallback, as the
// browser's first render does, and hydration matches. <ConsentGate> is used here directly; its fallback is
// plain markup (a function fallback, which reads the consent state, needs a client component like CoffeeVideo).
export default function Home() {
  return (
    <main>
      <h1>Fjordkaffe</h1>
      <ConsentGate category="statistics" fallback={<p data-testid="statistics-note">Visit statistics are off.</p>}>
        <p data-testid="statistics-note">Thank you for letting us count visits.</p>
      </ConsentGate>
      <CoffeeVideo />
    </main>
  );
}
