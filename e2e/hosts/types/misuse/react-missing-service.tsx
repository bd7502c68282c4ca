// expect: TS2741 Property 'service' is missing
// The element renders nothing without project and service.
/// <reference types="privatelink-panel/react" />
import 'privatelink-panel/define';

export const App = () => <privatelink-panel project="my-project" token="abc" />;
