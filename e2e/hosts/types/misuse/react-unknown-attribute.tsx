// expect: TS2322 Property 'servce' does not exist
// A misspelt attribute in React JSX.
/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';

export const App = () => <privatelink-panel project="my-project" servce="my-pg" />;
