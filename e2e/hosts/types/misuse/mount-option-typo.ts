// expect: TS2561 'pollInterval' does not exist
// A misspelt option.
import { mount } from 'privatelink-panel';

mount(document.body, { token: 'abc', project: 'my-project', service: 'my-pg', pollInterval: 2000 });
