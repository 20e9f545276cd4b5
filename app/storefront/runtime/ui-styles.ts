// The popups' and chat bubble's CSS, inside their shadow root: the theme's styles cannot reach
// in, and these cannot leak out. Fonts are inherited, so the messages read as part of the theme.
export const STYLES = `
:host{all:initial;font:inherit;color:var(--tm-text)}
*{box-sizing:border-box}
.backdrop{position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:2147483000}
.dialog,.chat{position:fixed;z-index:2147483001;background:var(--tm-bg);color:var(--tm-text);font:inherit;line-height:1.4;border-radius:8px;box-shadow:0 10px 40px rgba(0,0,0,.25);padding:24px;max-height:90vh;overflow:auto}
.dialog{width:min(440px,calc(100vw - 32px))}
.dialog.center{left:50%;top:50%;transform:translate(-50%,-50%)}
.bottom-left{left:16px;bottom:16px}
.bottom-right{right:16px;bottom:16px}
.chat{width:min(340px,calc(100vw - 32px));padding:16px}
h2{margin:0 32px 8px 0;font:inherit;font-size:1.3em;font-weight:700}
p{margin:0 0 12px}
.close{position:absolute;top:8px;right:8px;width:32px;height:32px;border:0;background:transparent;color:inherit;font-size:24px;line-height:1;cursor:pointer;border-radius:4px}
button,.cta{display:inline-block;min-height:44px;padding:0 18px;border:0;border-radius:4px;background:var(--tm-accent);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;line-height:44px}
button.secondary{background:transparent;color:inherit;border:1px solid currentColor}
.close{min-height:0;padding:0;background:transparent;color:inherit;line-height:1}
input,textarea{width:100%;min-height:44px;padding:8px 12px;border:1px solid #8a8a8a;border-radius:4px;font:inherit;color:#111;background:#fff}
textarea{resize:vertical}
label{display:block;margin:8px 0 4px;font-weight:600}
.choice{display:flex;gap:8px;align-items:center;font-weight:400}
.choice input{width:auto;min-height:0}
fieldset{border:0;margin:0 0 8px;padding:0}
legend{font-weight:600;margin-bottom:4px}
.row{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}
.row input{flex:1 1 180px}
.consent{font-size:.8em;opacity:.8;margin-top:8px}
.message{min-height:1.4em;color:#b42318}
[aria-invalid=true]{border-color:#b42318;outline:1px solid #b42318}
.code{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:12px 0;padding:12px;border:2px dashed var(--tm-accent);border-radius:6px}
.code .value{font-size:1.3em;font-weight:700;letter-spacing:.05em;flex:1}
.code .label{width:100%;font-size:.85em;opacity:.8}
.products{list-style:none;margin:0 0 12px;padding:0;display:grid;gap:8px}
.products a,.products .item{display:grid;grid-template-columns:64px 1fr auto;gap:12px;align-items:center;color:inherit;text-decoration:none}
.products img{width:64px;height:64px;object-fit:cover;border-radius:4px;background:#eee}
.price{font-weight:600}
progress{width:100%;height:10px;accent-color:var(--tm-accent)}
.greeting{margin-right:28px}
:focus-visible{outline:2px solid var(--tm-accent);outline-offset:2px}
@media (max-width:600px){.dialog.center,.dialog{left:0;right:0;bottom:0;top:auto;transform:none;width:100%;border-radius:12px 12px 0 0}}
@media (prefers-reduced-motion:no-preference){.dialog,.chat{animation:tm-in .18s ease-out}@keyframes tm-in{from{opacity:0}to{opacity:1}}}
`;
