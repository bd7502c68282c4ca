// expect: TS2322 Type 'string' is not assignable to type 'TokenProvider'
// tokenProvider is a function; a fixed token goes in `token`.
/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';

export const App = () => <privatelink-panel project="my-project" service="my-pg" tokenProvider="abc" />;
