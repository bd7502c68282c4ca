// expect: TS2345 is not assignable to type 'undefined'
// mount() takes token or tokenProvider, not both.
import { mount } from 'privatelink-panel';

mount(document.body, { token: 'abc', tokenProvider: () => 'abc', project: 'my-project', service: 'my-pg' });
