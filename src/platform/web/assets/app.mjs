import { initAll } from './govuk-frontend.min.js'

initAll()

// "Use today's date" links (data-app-today="23 11 2026") fill the date boxes in place, keeping
// whatever else was typed; without JavaScript the link reloads the form with today's date.
for (const link of document.querySelectorAll('a[data-app-today]')) {
  link.addEventListener('click', (event) => {
    const name = link.getAttribute('data-app-today-for')
    const [day, month, year] = (link.getAttribute('data-app-today') || '').split(' ')
    const boxes = [['day', day], ['month', month], ['year', year]].map(([part, value]) => [document.getElementById(`${name}-${part}`), value])
    if (boxes.some(([box]) => !box)) return
    event.preventDefault()
    for (const [box, value] of boxes) box.value = value
    boxes[0][0].focus()
  })
}
