/** @jsxImportSource vue */
// expect: TS2322 Property 'servce' does not exist
// A misspelt attribute in Vue TSX.
/// <reference types="privatelink-panel/vue" />
import 'privatelink-panel/define';

export const vnode = <privatelink-panel project="my-project" servce="my-pg" />;
