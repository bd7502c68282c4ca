// expect: TS2345 Property 'tokenProvider' is missing
// mount() needs token or tokenProvider.
import { mount } from 'privatelink-panel';

mount(document.body, { project: 'my-project', service: 'my-pg' });
