import type { GuideTask, MergerGuide, MergerPhase, MergerPhaseId, ServiceArea } from './guide-types.js';

/** A task together with the service area it belongs to. */
export interface TaskInArea {
  task: GuideTask;
  area: ServiceArea;
}

/** Every task of the guide with its area, in the guide's order. */
export function allTasks(guide: MergerGuide): TaskInArea[] {
  return guide.areas.flatMap((area) => area.tasks.map((task) => ({ task, area })));
}

/** The task with this id and its area; undefined for an id the guide does not have. */
export function findTask(guide: MergerGuide, taskId: string): TaskInArea | undefined {
  const id = taskId.trim();
  for (const area of guide.areas) {
    const task = area.tasks.find((t) => t.id === id);
    if (task) return { task, area };
  }
  return undefined;
}

export function findArea(guide: MergerGuide, areaId: string): ServiceArea | undefined {
  return guide.areas.find((a) => a.id === areaId);
}

export function findPhase(guide: MergerGuide, phaseId: MergerPhaseId): MergerPhase | undefined {
  return guide.phases.find((p) => p.id === phaseId);
}

/** The guide's phases sorted by `order`. */
export function phasesInOrder(guide: MergerGuide): MergerPhase[] {
  return [...guide.phases].sort((a, b) => a.order - b.order);
}

/** The phase's `order`, or +∞ for a phase the guide does not define. */
export function phaseOrderOf(guide: MergerGuide, phaseId: MergerPhaseId): number {
  return findPhase(guide, phaseId)?.order ?? Number.POSITIVE_INFINITY;
}
