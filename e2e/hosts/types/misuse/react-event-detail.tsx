// expect: TS2551 Property 'clooud' does not exist on type 'PrivatelinkChangeDetail'
// The listener gets the DOM CustomEvent with its typed detail.
/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';

export const App = () => (
  <privatelink-panel project="my-project" service="my-pg" onprivatelink-change={(e) => console.log(e.detail.clooud)} />
);
