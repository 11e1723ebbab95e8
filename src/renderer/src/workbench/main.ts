import '../theme.css'
import { mountPage } from '../boot'
import WorkbenchApp from './WorkbenchApp.vue'

mountPage(WorkbenchApp)
