/** How the runbooks call this tool. */
export const ROTATE_COMMAND = 'npx rotate';
