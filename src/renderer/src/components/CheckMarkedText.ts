import { defineComponent, h } from 'vue'

/** The check-mark emoji (✅): fonts without emoji have no glyph for it, while ✔ and ☑ are in the common text fonts. */
const checkMark = /(\u2705)/u

/**
 * Text as written, with a check-mark emoji drawn as a CSS mark (`.check-mark` in theme.css) instead of its glyph:
 * where no emoji font is installed (headless Chromium, many Linux desktops) the glyph is an empty box in the words
 * ("Verified ▯"). Everything else is plain text, as in `{{ text }}`.
 */
export default defineComponent({
  name: 'CheckMarkedText',
  props: { text: { type: String, required: true } },
  setup(props) {
    return () =>
      props.text.split(checkMark).map((part, index) =>
        index % 2 === 1
          ? h('span', {
              class: 'check-mark',
              role: 'img',
              'aria-label': 'check mark',
              'data-testid': 'check-mark'
            })
          : part
      )
  }
})
