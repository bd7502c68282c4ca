// expect: TS2322 Type 'number' is not assignable to type 'TokenProvider'
// tokenProvider is a function.
import 'privatelink-panel/define';

const el = document.querySelector('privatelink-panel');
if (el) el.tokenProvider = 42;
