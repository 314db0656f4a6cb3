interface FieldMessagesProps {
  id: string | undefined;
  messages: readonly string[];
}

/** The errors shown beside a field or a group of fields. */
export function FieldMessages({ id, messages }: FieldMessagesProps) {
  if (messages.length === 0) return null;
  return (
    <div id={id} className="form-error">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
