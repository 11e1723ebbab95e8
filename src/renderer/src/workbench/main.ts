import '../theme.css'
import '../buttons.css'
import { mountPage } from '../boot'
import WorkbenchApp from './WorkbenchApp.vue'

mountPage(WorkbenchApp)
