// expect: TS2322 Property 'onPrivatelinkChange' does not exist
// React 19 listens for the event named after `on` as it is: onprivatelink-change.
/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';

export const App = () => (
  <privatelink-panel project="my-project" service="my-pg" onPrivatelinkChange={(e: Event) => console.log(e)} />
);
