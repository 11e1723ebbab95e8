/** The connection schema lives in `src/shared` (the connections screen checks each field with it as it is typed). */
export * from '../../../shared/connectionConfig'
