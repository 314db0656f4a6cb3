import { asArray, asRecord } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

const METHOD_OPTIONS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ value: method, label: method }));

export function HttpInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  const set = (key: string, value: unknown) => onChange({ ...d, [key]: value });
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <div className="form-inline">
        <SelectField label="Method" className="form-narrow" path={['method']} value={d.method ?? 'POST'} options={METHOD_OPTIONS} onChange={(value) => set('method', value)} />
        <TextField label="URL" path={['url']} value={d.url} placeholder="https://api.example.com/leads" onChange={(value) => set('url', value)} />
      </div>
      <ListEditor
        legend="Headers"
        path={['headers']}
        items={asArray(d.headers)}
        itemName="header"
        emptyText="No headers."
        newItem={() => ({ name: '', value: '' })}
        onChange={(headers) => set('headers', headers)}
        renderItem={(item, index, update) => {
          const header = asRecord(item);
          return (
            <div className="form-inline">
              <TextField label={`Header ${index + 1} name`} hideLabel monospace path={['headers', index, 'name']} value={header.name} placeholder="Authorization" onChange={(name) => update({ ...header, name })} />
              <TextField label={`Header ${index + 1} value`} hideLabel monospace path={['headers', index, 'value']} value={header.value} placeholder="Bearer …" onChange={(value) => update({ ...header, value })} />
            </div>
          );
        }}
      />
      <TextField label="Body" multiline monospace path={['body']} value={d.body} hint="A template, sent as is (as JSON when it parses)." onChange={(value) => set('body', value)} />
      <NumberField label="Timeout" path={['timeoutMs']} value={d.timeoutMs} unit="ms" hint="No answer in time leaves by “error”." onChange={(value) => set('timeoutMs', value)} />
      <ListEditor
        legend="Save from the response"
        path={['saveAs']}
        items={asArray(d.saveAs)}
        itemName="saved value"
        hint={<>A dotted path into the JSON body (<code>data.id</code>) saved into a flow variable.</>}
        emptyText="Nothing is saved."
        newItem={() => ({ variable: '', path: '' })}
        onChange={(saveAs) => set('saveAs', saveAs)}
        renderItem={(item, index, update) => {
          const entry = asRecord(item);
          return (
            <div className="form-inline">
              <TextField label={`Saved value ${index + 1} response path`} hideLabel monospace path={['saveAs', index, 'path']} value={entry.path} placeholder="data.id" onChange={(path) => update({ ...entry, path })} />
              <TextField label={`Saved value ${index + 1} variable`} hideLabel monospace path={['saveAs', index, 'variable']} value={entry.variable} placeholder="lead_id" onChange={(variable) => update({ ...entry, variable })} />
            </div>
          );
        }}
      />
    </NodeForm>
  );
}
