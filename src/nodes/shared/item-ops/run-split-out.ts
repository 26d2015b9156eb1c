import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { failFor } from './fail.js';
import { parseFieldList } from './fields.js';
import { flagParam, stringParam } from './params.js';
import { splitOutItem, type SplitInclude } from './split-out.js';
import { splitOutItemLegacy } from './split-out-legacy.js';

/** Version differences of Split Out. */
export interface SplitOutBehaviour {
  /** Item Lists v1: one field that must hold an array. */
  readonly legacy: boolean;
  readonly missingField: 'error' | 'empty';
  readonly scalarValue: 'error' | 'wrap';
  /** Split Out and Item Lists v3: `$binary`, a leading `$json.` and "Include Binary". */
  readonly current: boolean;
}

/** Runs "Split Out" / Item Lists "Split Out Items" with the node's parameters, item by item. */
export function runSplitOut(ctx: NodeContext, items: readonly Item[], behaviour: SplitOutBehaviour): Item[] {
  const fail = failFor(ctx.node.name);
  const out: Item[] = [];
  items.forEach((item, i) => {
    const rawField = stringParam(ctx, 'fieldToSplitOut', '', i);
    const include = stringParam(ctx, 'include', 'noOtherFields', i) as SplitInclude;
    const fieldsToInclude = (): string[] => parseFieldList(ctx.getParameter('fieldsToInclude', i), 'Fields To Include', fail);
    const destination = stringParam(ctx, 'options.destinationFieldName', '', i);
    const disableDotNotation = flagParam(ctx, 'options.disableDotNotation', behaviour.current ? i : 0);
    if (behaviour.legacy) {
      out.push(...splitOutItemLegacy(item, i, { field: rawField, destinationFieldName: destination, include, fieldsToInclude, disableDotNotation }, fail));
      return;
    }
    const fields = rawField.split(',').map((field) => (behaviour.current ? field.trim().replace(/^\$json\./, '') : field.trim()));
    const destinationFields = destination
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field !== '');
    out.push(
      ...splitOutItem(
        item,
        i,
        {
          fields,
          destinationFields,
          include,
          fieldsToInclude,
          disableDotNotation,
          includeBinary: behaviour.current && flagParam(ctx, 'options.includeBinary', i),
          missingField: behaviour.missingField,
          scalarValue: behaviour.scalarValue,
          binaryField: behaviour.current,
        },
        fail,
      ),
    );
  });
  return out;
}
