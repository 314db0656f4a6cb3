// The simulated conversation as chat bubbles: the tester's messages, the flow's replies (text with
// quick-reply buttons, media and cards, drawn simply) and system lines for what else happened.
import type { Button, OutMessage } from '@parley/shared';
import { FileText, Image, Link as LinkIcon, Video } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { ChatLine } from './describe-step';

interface ChatTranscriptProps {
  chat: readonly ChatLine[];
  onPress: (button: Button) => void;
}

export function ChatTranscript({ chat, onPress }: ChatTranscriptProps) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const element = list.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [chat.length]);

  if (chat.length === 0) {
    return <p className="sim-chat__empty">Send a message to try the draft. Nothing reaches real customers: the flow runs here, in your browser.</p>;
  }
  return (
    <ol className="sim-chat" ref={list} role="log" aria-label="Test conversation">
      {chat.map((line, index) => (
        // The transcript only grows, so a line's place is its identity.
        <li key={index} className={`sim-chat__line sim-chat__line--${line.kind === 'system' ? `system sim-chat__line--${line.tone}` : line.kind}`}>
          {line.kind === 'user' && <span className="sim-bubble sim-bubble--user">{line.text}</span>}
          {line.kind === 'bot' && <BotMessage message={line.message} onPress={onPress} />}
          {line.kind === 'system' && <span className="sim-chat__system">{line.text}</span>}
        </li>
      ))}
    </ol>
  );
}

function BotMessage({ message, onPress }: { message: OutMessage; onPress: (button: Button) => void }) {
  switch (message.type) {
    case 'text':
      return (
        <div className="sim-bubble sim-bubble--bot">
          <p className="sim-bubble__text">{message.text}</p>
          {message.buttons.length > 0 && (
            <div className="sim-bubble__buttons">
              {message.buttons.map((button) => (
                <button key={`${button.payload}:${button.title}`} type="button" className="app-button" onClick={() => onPress(button)}>
                  {button.title}
                </button>
              ))}
            </div>
          )}
        </div>
      );
    case 'image':
    case 'video': {
      const Icon = message.type === 'image' ? Image : Video;
      return (
        <div className="sim-bubble sim-bubble--bot">
          <a className="sim-bubble__media" href={message.url} target="_blank" rel="noreferrer">
            <Icon size={14} aria-hidden /> {message.type === 'image' ? 'Image' : 'Video'}: {message.url}
          </a>
          {message.caption !== '' && <p className="sim-bubble__text">{message.caption}</p>}
        </div>
      );
    }
    case 'file':
      return (
        <div className="sim-bubble sim-bubble--bot">
          <a className="sim-bubble__media" href={message.url} target="_blank" rel="noreferrer">
            <FileText size={14} aria-hidden /> File: {message.name === '' ? message.url : message.name}
          </a>
        </div>
      );
    case 'card':
      return (
        <div className="sim-bubble sim-bubble--bot sim-bubble--card">
          <strong>{message.title}</strong>
          {message.description !== '' && <p className="sim-bubble__text">{message.description}</p>}
          <a className="sim-bubble__media" href={message.url} target="_blank" rel="noreferrer">
            <LinkIcon size={14} aria-hidden /> {message.url}
          </a>
        </div>
      );
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}
