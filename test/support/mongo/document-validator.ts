import type { Document } from 'bson';
import { CommandError } from './command-error.js';
import { validateJsonSchema } from './json-schema.js';
import { compileFilter, queryOptions, type DocumentPredicate } from './query-engine.js';

export type ValidationLevel = 'off' | 'strict' | 'moderate';
export type ValidationAction = 'error' | 'warn';

/** Collection options that control document validation (create / collMod). */
export interface ValidationOptions {
  readonly validator?: Document;
  readonly validationLevel?: ValidationLevel;
  readonly validationAction?: ValidationAction;
}

/** Enforces a collection's `validator` (any query, including `$jsonSchema`) like mongod. */
export class DocumentValidator {
  private readonly accepts: DocumentPredicate;

  constructor(readonly options: ValidationOptions) {
    this.accepts = options.validator ? compileFilter(options.validator, queryOptions()) : () => true;
  }

  /**
   * Throws DocumentValidationFailure (121) when `doc` is rejected. `previous` is the stored version
   * for updates: with validationLevel "moderate", updates of already invalid documents are allowed.
   */
  check(doc: Document, previous?: Document): void {
    if (!this.options.validator || this.options.validationLevel === 'off') return;
    if (this.options.validationAction === 'warn') return;
    if (this.accepts(doc)) return;
    if (previous && this.options.validationLevel === 'moderate' && !this.accepts(previous)) return;
    throw new CommandError('DocumentValidationFailure', 'Document failed validation', {
      errInfo: { failingDocumentId: doc._id, details: this.details(doc) },
    });
  }

  private details(doc: Document): Document {
    const schema: unknown = this.options.validator?.$jsonSchema;
    if (typeof schema !== 'object' || schema === null) return { operatorName: '$and', reason: 'validator did not match' };
    const violations = validateJsonSchema(schema as Document, doc);
    return {
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: violations.map((v) => ({ operatorName: v.keyword, path: v.path, reason: v.reason })),
    };
  }
}
