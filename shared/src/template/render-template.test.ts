import { renderTemplate } from './render-template';
import type { TemplateContext } from './render-template';

const ctx: TemplateContext = {
  contact: { id: 'c-42', name: 'Li Wei', tags: ['vip'], attributes: { city: 'Shanghai', plan: '', 'first name': 'Wei' } },
  vars: {
    order: { id: 'A-1001', total: 99.5, paid: true, items: [{ sku: 'X1' }, { sku: 'Y2' }], note: null },
    count: 0,
    flag: false,
    empty: '',
    list: [1, 2],
  },
  message: { text: 'where is my order?', payload: null },
};

const render = (template: string) => renderTemplate(template, ctx);

describe('renderTemplate', () => {
  it('keeps text without placeholders verbatim', () => {
    expect(render('Hello, world! } { }} {')).toBe('Hello, world! } { }} {');
    expect(render('')).toBe('');
  });

  it('renders contact id, name and attributes', () => {
    expect(render('Hi {{ contact.name }} ({{contact.id}}) from {{ contact.city }}')).toBe('Hi Li Wei (c-42) from Shanghai');
  });

  it('renders message text and payload', () => {
    expect(render('You said: {{ message.text }}')).toBe('You said: where is my order?');
    expect(render('[{{ message.payload | none }}]')).toBe('[none]');
    expect(renderTemplate('{{message.payload}}', { ...ctx, message: { text: '', payload: 'BUY' } })).toBe('BUY');
  });

  it('walks dotted paths into variables, including array indexes', () => {
    expect(render('Order {{ vars.order.id }}: {{ vars.order.items.1.sku }}')).toBe('Order A-1001: Y2');
  });

  it('renders numbers and booleans as strings, zero and false included', () => {
    expect(render('{{ vars.order.total }} {{ vars.order.paid }} {{ vars.count | n/a }} {{ vars.flag | n/a }}')).toBe('99.5 true 0 false');
  });

  it('renders objects and arrays as JSON', () => {
    expect(render('{{ vars.list }}')).toBe('[1,2]');
    expect(render('{{ vars.order.items.0 }}')).toBe('{"sku":"X1"}');
  });

  it('uses the default for missing, null and empty values', () => {
    expect(render('Hi {{ contact.nickname | there }}!')).toBe('Hi there!');
    expect(render('{{ contact.plan | free }}')).toBe('free');
    expect(render('{{ vars.empty | - }}')).toBe('-');
    expect(render('{{ vars.order.note | no note }}')).toBe('no note');
    expect(render('{{ vars.order.id.deeper | x }}')).toBe('x');
    expect(render('{{ vars.list.5 | x }}')).toBe('x');
  });

  it('renders missing values without a default as nothing', () => {
    expect(render('[{{ vars.nope }}][{{ contact.nickname }}]')).toBe('[][]');
  });

  it('keeps everything after the first bar as the default, trimmed', () => {
    expect(render('{{ vars.nope |  a | b  }}')).toBe('a | b');
  });

  it('renders the default for unknown roots and bare roots', () => {
    expect(render('{{ process.env.SECRET | hidden }}')).toBe('hidden');
    expect(render('{{ vars | v }}{{ contact | c }}{{ message | m }}{{ | d }}')).toBe('vcmd');
  });

  it('never reaches prototype properties', () => {
    expect(render('{{ vars.constructor | none }} {{ vars.order.toString | none }} {{ contact.__proto__ | none }}')).toBe('none none none');
  });

  it('does not evaluate expressions', () => {
    expect(render('{{ 1 + 1 | two }}')).toBe('two');
    expect(render('{{ vars.order["id"] | ? }}')).toBe('?');
  });

  it('keeps an unterminated placeholder verbatim', () => {
    expect(render('Hi {{ contact.name')).toBe('Hi {{ contact.name');
    expect(render('{{ contact.name }} and {{ vars.order.id')).toBe('Li Wei and {{ vars.order.id');
  });

  it('opens a placeholder at the innermost braces', () => {
    expect(render('{{ oops {{ contact.name }}')).toBe('{{ oops Li Wei');
  });

  it('does not render placeholders that come from substituted values', () => {
    const tricky: TemplateContext = { ...ctx, message: { text: '{{ contact.id }}', payload: null } };
    expect(renderTemplate('echo: {{ message.text }}', tricky)).toBe('echo: {{ contact.id }}');
  });

  it('reads attribute names as written, with spaces', () => {
    expect(render('{{ contact.first name }}')).toBe('Wei');
  });
});
