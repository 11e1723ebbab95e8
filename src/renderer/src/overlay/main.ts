import '../theme.css'
import { mountPage } from '../boot'
import OverlayApp from './OverlayApp.vue'

mountPage(OverlayApp)
