import { escapeHtml, html } from '../../../src/http/console/html';

describe('console HTML escaping', () => {
  it('escapes every interpolated value, nested templates once, arrays joined, nothing for null/false', () => {
    const hostile = `<script>alert("x")</script>' onmouseover='1 & 2`;
    expect(html`<p title="${hostile}">${hostile}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1 &amp; 2">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1 &amp; 2</p>',
    );
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(
      html`<ul>
        ${items}
      </ul>`.text,
    ).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(escapeHtml('__proto__ constructor')).toBe('__proto__ constructor');
  });
});
