import { escapeHtml, html } from '../../../src/http/console/html';

// Called through another name so prettier leaves these templates' whitespace as written.
const h = html;

describe('console HTML escaping', () => {
  it('escapes every interpolated value, nested templates once, arrays joined, nothing for null/false', () => {
    const hostile = `<script>alert("x")</script>' onmouseover='1 & 2`;
    expect(h`<p title="${hostile}">${hostile}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1 &amp; 2">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;1 &amp; 2</p>',
    );
    const items = ['a<b', 'c'].map((item) => h`<li>${item}</li>`);
    expect(h`<ul>${items}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(h`${null}${undefined}${false}${0}`.text).toBe('0');
    expect(escapeHtml('__proto__ constructor')).toBe('__proto__ constructor');
  });
});
