import { parseArgs } from 'node:util';
import { serveCommand } from './serve.js';

const HELP = `Lobus — offline CT/MRI viewer with AI segmentation (not for diagnostic use)

Usage: npm run -s lobus -- <command> [options]

Commands:
  info <image|dicom-folder> [--series UID]
        Print the series found and the geometry (dims, spacing, origin, direction in LPS mm),
        modality, pixel type and value range as JSON.
  segment <image> --model <id> --out <mask.nii.gz> [--stats <stats.json>]
        [--provider auto|cuda|cpu] [--seed x,y,z] [--tta]
        Run a segmentation model; write the mask in the source grid. Progress on stderr.
        With --seed (LPS mm), a point where the model finds no nodule writes no mask, prints
        why as JSON ("found": false) and exits with status 3.
  stats <image> <mask.nii.gz>
        Print lesion statistics (volumes in mL, RECIST and 3D diameters in mm, HU) as JSON.
  candidates <ct> [--out <candidates.nii.gz>] [--json <candidates.json>]
        [--provider auto|cuda|cpu] [--model <id>] [--series UID]
        Find lung nodule candidates (lung mask, then the nodule model); print them ranked as JSON
        (centroid LPS mm, volume mL, diameters mm, mean HU, score). --out writes one label per candidate.
  serve [folder] [--port N] [--open]
        Serve the viewer on 127.0.0.1 with a one-time token; studies in [folder] are listed.

Options:
  -h, --help   Show this help.
`;

export class CliError extends Error {}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'serve':
        return await serveCommand(rest);
      case 'candidates': {
        const mod = await import('./candidates.js');
        return await mod.candidatesCommand(rest);
      }
      case 'info':
      case 'segment':
      case 'stats': {
        const mod = await import('./commands.js');
        return await mod.runCommand(command, rest);
      }
      default:
        throw new CliError(`Unknown command "${command}". Run with --help to see the commands.`);
    }
  } catch (err) {
    process.stderr.write(`lobus: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export { parseArgs };
