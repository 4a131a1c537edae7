/** The proving studio: seven steps on one page, each unlocked by the one before. */
import { onMount, Show } from 'solid-js';
import { useServices } from './context.js';
import { createStudio } from './studio.js';
import { Section } from './ui/Section.js';
import { ProjectList } from './ui/ProjectList.js';
import { ModelStep } from './steps/ModelStep.js';
import { CircuitStep } from './steps/CircuitStep.js';
import { SetupStep } from './steps/SetupStep.js';
import { ProveStep } from './steps/ProveStep.js';
import { ExportStep } from './steps/ExportStep.js';
import { ShareStep } from './steps/ShareStep.js';
import { ChainStep } from './steps/ChainStep.js';

export function Studio() {
  const studio = createStudio(useServices());
  // after a reload, the last project comes back as it was left (model, circuit, keys, input, proof)
  onMount(() => void studio.reopenLast());
  const s = studio;
  return (
    <div class="studio" data-testid="studio">
      <ProjectList studio={studio} />
      <Section n={1} id="model" title="Model" done={!!s.transpiled()}>
        <ModelStep studio={studio} />
      </Section>
      <Section n={2} id="circuit" title="Circuit" done={!!s.compiled()} locked={s.transpiled() ? undefined : 'Load a model first.'}>
        <Show when={s.transpiled()} keyed>{(_) => <CircuitStep studio={studio} />}</Show>
      </Section>
      <Section n={3} id="setup" title="Setup" done={!!s.keys()} locked={s.compiled() ? undefined : 'Compile the circuit first.'}>
        <Show when={s.compiled()} keyed>{(_) => <SetupStep studio={studio} />}</Show>
      </Section>
      <Section n={4} id="prove" title="Prove" done={!!s.proof()} locked={s.keys() ? undefined : 'Run the setup first.'}>
        <Show when={s.keys()} keyed>{(_) => <ProveStep studio={studio} />}</Show>
      </Section>
      <Section n={5} id="export" title="Verify and export" locked={s.proof() ? undefined : 'Make a proof first.'}>
        <Show when={s.proof()} keyed>{(_) => <ExportStep studio={studio} />}</Show>
      </Section>
      <Section n={6} id="share" title="Share" locked={s.proof() ? undefined : 'Make a proof first.'}>
        <ShareStep studio={studio} />
      </Section>
      <Section n={7} id="chain" title="Verify on chain" locked={s.proof() ? undefined : 'Make a proof first.'}>
        <Show when={s.proof()} keyed>{(_) => <ChainStep studio={studio} />}</Show>
      </Section>
    </div>
  );
}
