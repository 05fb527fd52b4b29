// E.164 normalisation of what an agent types into the number field, by the instance's default country
// (ITU-T E.164: a + and at most 15 digits, the country code first).

/** Country calling code and the national trunk prefix that is dropped after it. */
const COUNTRIES = {
  US: ['1', ''], CA: ['1', ''], GB: ['44', '0'], IE: ['353', '0'], DE: ['49', '0'], AT: ['43', '0'],
  CH: ['41', '0'], FR: ['33', '0'], BE: ['32', '0'], NL: ['31', '0'], LU: ['352', ''], ES: ['34', ''],
  PT: ['351', ''], IT: ['39', ''], SE: ['46', '0'], NO: ['47', ''], DK: ['45', ''], FI: ['358', '0'],
  PL: ['48', ''], CZ: ['420', ''], AU: ['61', '0'], NZ: ['64', '0'], IN: ['91', '0'], JP: ['81', '0'],
  BR: ['55', '0'], MX: ['52', ''], ZA: ['27', '0'], SG: ['65', ''], HK: ['852', ''], IL: ['972', '0'],
};

/**
 * The number as E.164 ({ok: true, number: '+15550100'}) or why not ({ok: false, message}). Accepts +CC...,
 * 00CC... (the international prefix most countries use), 011CC... in North America, and national numbers of
 * the default country; spaces, dashes, dots and brackets are ignored.
 */
export function normalise(input, defaultCountry = 'US') {
  const text = String(input || '').trim();
  if (text === '') return { ok: false, message: 'Type a phone number.' };
  if (/[^0-9+()\-.\s/]/.test(text)) {
    return { ok: false, message: 'A phone number has digits only (and + ( ) - spaces); remove the other characters.' };
  }
  if (text.indexOf('+') > 0 || (text.match(/\+/g) || []).length > 1) {
    return { ok: false, message: 'A + goes only in front of the country code.' };
  }
  const digits = text.replace(/[^0-9]/g, '');
  const country = COUNTRIES[String(defaultCountry).toUpperCase()];
  let international;
  if (text.startsWith('+')) {
    international = digits;
  } else if (digits.startsWith('00')) {
    international = digits.substring(2);
  } else if (country && country[0] === '1' && digits.startsWith('011')) {
    international = digits.substring(3);
  } else if (!country) {
    // The server reads it by the instance's numbering plan; the page only knows the common countries'.
    return { ok: false, unknownCountry: true, message: `The server reads this number as a ${defaultCountry} number.` };
  } else if (country[0] === '1') {
    // North American numbering plan: ten digits, or eleven with the leading 1.
    if (digits.length === 11 && digits.startsWith('1')) international = digits;
    else if (digits.length === 10) international = '1' + digits;
    else if (digits.length === 7) return { ok: false, message: 'Add the three-digit area code in front of the number.' };
    else return { ok: false, message: 'A US or Canadian number has ten digits (area code and number).' };
  } else {
    const national = country[1] && digits.startsWith(country[1]) ? digits.substring(country[1].length) : digits;
    international = country[0] + national;
  }
  if (international.startsWith('0')) return { ok: false, message: 'A country code never starts with 0.' };
  if (international.length < 8) return { ok: false, message: 'This number is too short; check the digits.' };
  if (international.length > 15) return { ok: false, message: 'This number is too long: E.164 numbers have at most 15 digits.' };
  return { ok: true, number: '+' + international };
}
