import { closingBrace, quotedTemplate, scanInterpolations } from '../src/interpolation';

describe('the ${...} scanner', () => {
  test('finds each interpolation with its expression and bounds', () => {
    const text = 'arn:${aws_s3_bucket.b.arn}/*-${var.x}';
    const scan = scanInterpolations(text);
    expect(scan).toEqual({
      ok: true,
      value: [
        { kind: 'interpolation', start: 4, end: 26, expression: 'aws_s3_bucket.b.arn' },
        { kind: 'interpolation', start: 29, end: 37, expression: 'var.x' },
      ],
    });
  });

  test('a quoted string inside an expression may hold braces and its own interpolation', () => {
    const text = '${jsonencode({"k" = "}${aws_iam_user.u.name}{"})}!';
    const scan = scanInterpolations(text);
    expect(scan.ok && scan.value.map((i) => [i.start, i.end])).toEqual([[0, text.length - 1]]);
  });

  test('$${ and %%{ are escapes, not interpolations; %{ is a directive', () => {
    const scan = scanInterpolations('$${literal} %%{also} %{ if true }x%{ endif }');
    expect(scan.ok && scan.value.map((i) => [i.kind, i.expression])).toEqual([
      ['directive', ' if true '],
      ['directive', ' endif '],
    ]);
  });

  test('an unclosed ${ is an error naming where it opens', () => {
    expect(scanInterpolations('prefix-${aws_iam_user.u.name')).toEqual({
      ok: false,
      error: { kind: 'unclosed-interpolation', index: 7, detail: 'unclosed "${" at character 7 ("${aws_iam_user.u.name")' },
    });
  });

  test('an unclosed quote inside an expression leaves the interpolation unclosed', () => {
    expect(closingBrace('${"abc}', 2)).toBe(-1);
    expect(scanInterpolations('${"abc}').ok).toBe(false);
  });
});

describe('the HCL quoted template of a JSON string', () => {
  test('quotes are escaped in the literal parts, interpolations kept verbatim, origins point back', () => {
    const text = '{"bucket.x_${cloudflare_r2_bucket.b.name}":"*"}';
    const result = quotedTemplate(text);
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.quoted).toBe('"{\\"bucket.x_${cloudflare_r2_bucket.b.name}\\":\\"*\\"}"');
    const at = result.quoted.indexOf('cloudflare');
    expect(text[result.origin[at]]).toBe('c');
    expect(result.origin[at]).toBe(text.indexOf('cloudflare'));
  });

  test('an unclosed interpolation is refused, not silently closed at the end', () => {
    expect(quotedTemplate('${aws_iam_user.u').ok).toBe(false);
  });
});
