/** The app's own UI; the banner and the blocking come from the loader tag the plugin puts first in <head>. */
export function App() {
  return (
    <main>
      <h1>Fjordkaffe</h1>
      <button type="button" onClick={() => window.Samtykke?.showPreferences()}>
        Cookie settings
      </button>
    </main>
  );
}
