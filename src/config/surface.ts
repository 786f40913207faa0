/** Where the user gives values — `cs` flags or the action's inputs — so that an error's fix names what they can set. */
export type Surface = 'cli' | 'action';

interface Words {
  /** What set a variable's value from the command line or the workflow. */
  varSource: string;
  setVar(name: string): string;
  missingConfig: string;
  /** How to say what `deploy` / `plan` deploys. */
  deploySource: string;
  image: string;
  chooseApp: string;
}

export const WORDS: Record<Surface, Words> = {
  cli: {
    varSource: '--var',
    setVar: (name) => `pass --var ${name}=VALUE, or add it to a --var-file`,
    missingConfig: 'create one with `cs init`, or point to it with --config',
    deploySource: 'pass --artifacts FILE from `cs build --output FILE`, or --image REF; or run `cs up`',
    image: '--image',
    chooseApp: 'choose the app with --app NAME',
  },
  action: {
    varSource: 'input "variables"',
    setVar: (name) => `add ${name}=VALUE to the variables input`,
    missingConfig: 'set the config input (relative to working-directory), or create one with `cs init`',
    deploySource: 'set the artifacts input to the artifacts output of a build step, or the image input; or use command: up',
    image: 'the image input',
    chooseApp: 'set the app input to the one app',
  },
};
