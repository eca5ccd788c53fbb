// The engine's way to the shared Markdown escapers (common/markdownText.ts, also used by the client).
export { codeSpan, linkTarget, plainText } from '../../../common/markdownText';
