import { traversalSegments } from '../src/traversal';

test('quoted traversal keys keep their dots, indexes are segments', () => {
  expect(traversalSegments('a.b."c.d".0')).toEqual(['a', 'b', 'c.d', '0']);
  expect(traversalSegments('data.terraform_remote_state.x.outputs."k\\"q"')).toEqual(['data', 'terraform_remote_state', 'x', 'outputs', 'k"q']);
});
