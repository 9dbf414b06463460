/** Flags `processing` in UIBackgroundModes with no permitted identifiers: App Store upload fails (ITMS-90771). */
import { PERMITTED_KEY } from '../analysis/plist/infoPlist';
import { removeItem } from '../analysis/plist/plistEdits';
import { rel } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'processing-mode-without-identifiers',
    description: 'UIBackgroundModes has `processing` but BGTaskSchedulerPermittedIdentifiers is missing or empty, which App Store Connect rejects (ITMS-90771).',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const doc of analysis.plists()) {
      const processing = doc.plist.modes?.entries.find((e) => e.raw === 'processing');
      if (!processing) continue;
      if (doc.plist.permitted && doc.plist.permitted.entries.length > 0) continue;
      // Only a plist read without errors proves the key missing or empty: it may sit past the error.
      if (doc.plist.problems.length) continue;
      // Offer to drop the mode only when nothing in the plist's scopes submits processing work.
      const scopes = analysis.scopes().filter((s) => s.plists.includes(doc));
      const usesProcessing = analysis.requests().some((r) => r.scopes.some((s) => scopes.includes(s)) && (r.req.cls === 'BGProcessingTaskRequest' || r.req.cls === 'BGHealthResearchTaskRequest'));
      const removal = !usesProcessing ? removeItem(doc, processing.span) : undefined;
      ctx.report({
        file: doc.file,
        span: processing.valueSpan,
        message: `${rel(analysis, doc.file)} lists "processing" in UIBackgroundModes but ${!doc.plist.permitted ? `has no ${PERMITTED_KEY}` : doc.plist.permitted.notAnArray ? `its ${PERMITTED_KEY} value is not an array` : `its ${PERMITTED_KEY} array is empty`}: App Store Connect rejects the upload (ITMS-90771).`,
        fixes: removal ? [{ title: 'Remove "processing" from UIBackgroundModes', edits: [{ file: doc.file, ...removal }], safe: false }] : [],
      });
    }
  },
});
