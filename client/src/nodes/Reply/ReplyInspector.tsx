import type { OutMessage } from '@parley/shared';
import { asArray, asRecord } from '../../forms/form-data';
import { ListEditor } from '../../forms/ListEditor';
import { NodeForm } from '../../forms/NodeForm';
import { NumberField } from '../../forms/NumberField';
import { SelectField } from '../../forms/SelectField';
import { TextField } from '../../forms/TextField';
import type { InspectorProps } from '../inspector-props';

type MessageType = OutMessage['type'];

const TYPE_LABELS = { text: 'Text', image: 'Image', video: 'Video', file: 'File', card: 'Link card' } as const satisfies Record<MessageType, string>;

const TEMPLATE_HINT = (
  <>
    Insert values with <code>{'{{contact.name}}'}</code>, <code>{'{{vars.order_id}}'}</code> or <code>{'{{message.text}}'}</code>; a default after a bar:{' '}
    <code>{'{{contact.name|there}}'}</code>.
  </>
);

function isMessageType(value: string): value is MessageType {
  return Object.hasOwn(TYPE_LABELS, value);
}

/** A message of another type keeps the fields both share (a URL stays a URL), so switching loses nothing typed. */
function retype(message: Record<string, unknown>, type: MessageType): Record<string, unknown> {
  switch (type) {
    case 'text':
      return { text: '', buttons: [], ...message, type };
    case 'image':
    case 'video':
      return { url: '', caption: '', ...message, type };
    case 'file':
      return { url: '', name: '', ...message, type };
    case 'card':
      return { title: '', description: '', url: '', imageUrl: '', ...message, type };
    default: {
      const never: never = type;
      throw new Error(`unknown message type ${String(never)}`);
    }
  }
}

interface MessageFieldsProps {
  message: Record<string, unknown>;
  index: number;
  onChange: (message: Record<string, unknown>) => void;
}

function MessageFields({ message, index, onChange }: MessageFieldsProps) {
  const path = ['messages', index];
  const name = `Message ${index + 1}`;
  const set = (key: string, value: unknown) => onChange({ ...message, [key]: value });
  const url = (label: string) => <TextField label={`${name} ${label}`} path={[...path, 'url']} value={message.url} placeholder="https://" onChange={(value) => set('url', value)} />;
  switch (message.type) {
    case 'text':
      return (
        <>
          <TextField label={`${name} text`} multiline path={[...path, 'text']} value={message.text} hint={TEMPLATE_HINT} onChange={(value) => set('text', value)} />
          <ListEditor
            legend={`${name} quick replies`}
            path={[...path, 'buttons']}
            items={asArray(message.buttons)}
            itemName={`button of message ${index + 1}`}
            hint="Pressing one sends its payload, which a postback trigger or a waiting question can take."
            newItem={() => ({ title: '', payload: '' })}
            onChange={(buttons) => set('buttons', buttons)}
            renderItem={(item, b, update) => {
              const button = asRecord(item);
              return (
                <div className="form-inline">
                  <TextField label={`${name} button ${b + 1} title`} hideLabel path={[...path, 'buttons', b, 'title']} value={button.title} placeholder="Title" onChange={(title) => update({ ...button, title })} />
                  <TextField label={`${name} button ${b + 1} payload`} hideLabel monospace path={[...path, 'buttons', b, 'payload']} value={button.payload} placeholder="PAYLOAD" onChange={(payload) => update({ ...button, payload })} />
                </div>
              );
            }}
          />
        </>
      );
    case 'image':
    case 'video':
      return (
        <>
          {url('URL')}
          <TextField label={`${name} caption`} path={[...path, 'caption']} value={message.caption} onChange={(value) => set('caption', value)} />
        </>
      );
    case 'file':
      return (
        <>
          {url('URL')}
          <TextField label={`${name} file name`} path={[...path, 'name']} value={message.name} placeholder="invoice.pdf" onChange={(value) => set('name', value)} />
        </>
      );
    case 'card':
      return (
        <>
          <TextField label={`${name} title`} path={[...path, 'title']} value={message.title} onChange={(value) => set('title', value)} />
          <TextField label={`${name} description`} multiline path={[...path, 'description']} value={message.description} onChange={(value) => set('description', value)} />
          {url('link')}
          <TextField label={`${name} image URL`} path={[...path, 'imageUrl']} value={message.imageUrl} placeholder="https://" onChange={(value) => set('imageUrl', value)} />
        </>
      );
    default:
      return null;
  }
}

export function ReplyInspector({ type, data, onChange, readOnly }: InspectorProps) {
  const d = asRecord(data);
  return (
    <NodeForm type={type} data={data} readOnly={readOnly}>
      <ListEditor
        legend="Messages"
        path={['messages']}
        items={asArray(d.messages)}
        itemName="message"
        cards
        emptyText="No messages yet."
        newItem={() => ({ type: 'text', text: '', buttons: [] })}
        onChange={(messages) => onChange({ ...d, messages })}
        renderItem={(item, index, update) => {
          const message = asRecord(item);
          return (
            <div className="form-stack">
              <SelectField
                label={`Message ${index + 1} type`}
                path={['messages', index, 'type']}
                value={message.type}
                options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                onChange={(next) => update(isMessageType(next) ? retype(message, next) : { ...message, type: next })}
              />
              <MessageFields message={message} index={index} onChange={update} />
            </div>
          );
        }}
      />
      <NumberField label="Typing delay" path={['typingDelayMs']} value={d.typingDelayMs} unit="ms" hint="Shown as “typing…” before each message where the channel supports it." onChange={(value) => onChange({ ...d, typingDelayMs: value })} />
    </NodeForm>
  );
}
