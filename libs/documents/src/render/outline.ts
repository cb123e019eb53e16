// One outline per document, rendered three ways (PDF, DOCX, plain text), so the layouts cannot drift apart.
// Every string in an outline is already cleaned and bounded; renderers only lay it out.

export interface Field {
  readonly label: string;
  readonly value: string;
  /** Shown in red on paper: the deadline is what a reader must not miss. */
  readonly emphasis?: boolean;
}

export interface ListItem {
  readonly text: string;
  /** A second, smaller line, e.g. a source's address. */
  readonly detail?: string;
}

export interface Column {
  readonly header: string;
  /** Share of the text width. */
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
}

export type Block =
  | {
      readonly kind: 'masthead';
      readonly name: string;
      readonly marking?: string;
      readonly issueNumber?: string;
      readonly office: string;
      readonly date: string;
    }
  | {
      readonly kind: 'signOff';
      /** Absent while awaiting a leader: the box then has blank lines to sign on paper. */
      readonly signed?: {
        readonly leader: string;
        readonly instructions: string;
        readonly date: string;
        /** The instructions were too long for the box; the full text follows the body. */
        readonly continued: boolean;
      };
    }
  | { readonly kind: 'title'; readonly text: string; readonly subtitle?: string }
  | { readonly kind: 'fields'; readonly items: readonly Field[] }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraphs'; readonly texts: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly ListItem[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly Column[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      readonly kind: 'colophon';
      readonly reportTo: readonly string[];
      readonly copyTo: readonly string[];
      /** 编辑：…　审核：…　签发：… */
      readonly staff?: string;
      readonly office: string;
      /** 2026年11月25日印发 */
      readonly printed: string;
    };

export interface Outline {
  readonly info: {
    readonly title: string;
    readonly author: string;
    readonly subject: string;
    readonly createdAt: Date;
  };
  readonly blocks: readonly Block[];
}

/** Text a signed box shows before sending the reader to the full instructions. */
export const SIGN_OFF_BOX_MAX = 200;
