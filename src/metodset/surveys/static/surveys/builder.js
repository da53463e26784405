// Copy a link to the clipboard: <button data-copy="#input-id" data-copied="Скопировано">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.querySelector(button.dataset.copy);
  if (!input) return;
  input.select();
  const done = () => {
    const text = button.textContent;
    button.textContent = button.dataset.copied || text;
    setTimeout(() => { button.textContent = text; }, 1500);
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(done, () => document.execCommand("copy") && done());
  } else if (document.execCommand("copy")) {
    done();
  }
});
