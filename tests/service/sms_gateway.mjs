// A stand-in for an SMS gateway on 127.0.0.1 that records what it is sent:
// what the tests read text messages from (doma serve --sms-webhook URL).
// Each message is the webhook's JSON body: { to, body, … }.
import http from 'node:http';

// `texts` may be given, to be filled as messages arrive.
export async function startSmsGateway(texts = []) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { texts.push(JSON.parse(body)); res.end('ok'); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { texts, url: `http://127.0.0.1:${server.address().port}/sms`, close: () => server.close() };
}
