import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { mergeRequiredInputs, mergeV3InputCount } from './inputs.js';
import { executeMergeV1 } from './v1.js';
import { executeMergeV2 } from './v2.js';
import { executeMergeV3 } from './v3.js';

const type = 'n8n-nodes-base.merge';
const displayName = 'Merge';
const description = 'Merges data of multiple streams once data from both is available';

/** Merge v1: legacy modes; runs with whatever inputs received data. */
export const mergeV1: NodeTypeSpec = {
  type,
  versions: [1],
  displayName,
  description,
  inputs: 2,
  outputs: 1,
  mayStopFlow: true,
  parameters: { mode: 'options', join: 'options', propertyName1: 'string', propertyName2: 'string', output: 'options', overwrite: 'options' },
  execute: executeMergeV1,
};

/** Merge v2 and v2.1: append, combine, choose branch. */
export const mergeV2: NodeTypeSpec = {
  type,
  versions: [2, 2.1],
  displayName,
  description,
  inputs: 2,
  outputs: 1,
  requiredInputs: mergeRequiredInputs,
  mayStopFlow: true,
  parameters: {
    mode: 'options',
    combinationMode: 'options',
    mergeByFields: 'object',
    joinMode: 'options',
    outputDataFrom: 'options',
    chooseBranchMode: 'options',
    output: 'options',
    options: 'object',
  },
  execute: executeMergeV2,
};

/** Merge v3, v3.1, v3.2: 2–10 inputs, SQL mode. */
export const mergeV3: NodeTypeSpec = {
  type,
  versions: [3, 3.1, 3.2],
  displayName,
  description,
  inputs: (parameters) => mergeV3InputCount(parameters),
  outputs: 1,
  requiredInputs: mergeRequiredInputs,
  mayStopFlow: true,
  parameters: {
    mode: 'options',
    combineBy: 'options',
    numberInputs: 'options',
    joinMode: 'options',
    advanced: 'boolean',
    fieldsToMatchString: 'string',
    mergeByFields: 'object',
    outputDataFrom: 'options',
    query: 'string',
    chooseBranchMode: 'options',
    output: 'options',
    useDataOfInput: 'options',
    options: 'object',
  },
  execute: executeMergeV3,
};
